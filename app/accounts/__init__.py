"""Dashboard accounts: a username, a hashed password and the scope its holder may see."""
