"""Production's config in tests: strong secrets of its own, since production refuses to start without them."""


class StrongSecrets:
    """Mixed in before ProductionConfig: values that pass config.secret_problems (none of them real)."""

    SECRET_KEY = "a-production-secret-key-of-forty-characters"
    WECHAT_TOKEN = "a-production-token-24-ch"
    WECHAT_APP_SECRET = "0123456789abcdef0123456789abcdef"
