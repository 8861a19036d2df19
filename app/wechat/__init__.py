"""The WeChat gateway: the webhook (messages in), the outbound client (pushes out), the local fake."""
