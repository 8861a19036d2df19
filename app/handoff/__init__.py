"""Hand-off beyond the firm (转办): to the grid's Party branch or the residents' committee, and on to outside units."""
