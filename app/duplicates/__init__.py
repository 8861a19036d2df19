"""One ticket per problem: residents following an open ticket (me too, 我也遇到了) and merged tickets."""
