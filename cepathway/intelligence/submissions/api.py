"""This part's API operations; cepathway/intelligence/api.py gathers every part's router."""

from ninja import Router

router = Router()
