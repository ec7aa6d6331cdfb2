"""Stocktake: run a children's services improvement programme."""
