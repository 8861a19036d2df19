"""Routing and dispatch (派单): who gets a ticket, pool offers (人物拆借), praise, the notices it sends."""
