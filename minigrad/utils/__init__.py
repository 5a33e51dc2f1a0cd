"""``minigrad.utils``: data loading (``minigrad.utils.data``) and training helpers."""
from . import data
from .early_stopping import EarlyStopping
