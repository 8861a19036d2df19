"""Staff: the mini-program use cases of stewards, managers and secretaries (the steps, reclassifying
(改类重派)), and who may see what."""
