"""The public view of styret's and representantskapet's meetings: one renderer, served and published."""
