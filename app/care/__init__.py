"""包联: the care register of vulnerable households, their carers, visits on the clock and the missed-visit ladder."""
