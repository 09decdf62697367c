"""Mexico's federal entities and their outlines: the core geography every capability shares
(trade's state figures, travel's state pages, the maps)."""
