"""``minigrad.utils``: data loading (``minigrad.utils.data``) and training helpers."""
from . import data
