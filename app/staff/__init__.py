"""Staff: the mini-program use cases of stewards, managers and secretaries, and who may see what."""
