"""Travel: U.S. posts in Mexico and their consular districts, the State Department travel
advisory by state, entry requirements and vaccinations, and one profile per Mexican state.

Built from project data files in `puente/travel/data/` (reference facts with their source and
as-of date). No web, template or CLI imports here: service functions take a cursor and
return plain JSON-able data.
"""
