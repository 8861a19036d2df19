from app import create_app
from app.scheduler import build_scheduler
from config import TestConfig


def test_health_answers_ok_with_json_when_the_database_and_the_scheduler_answer(ctx, client):
    for job in build_scheduler(ctx).get_jobs():
        job.func()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"
    assert response.get_json()["database"] == "ok"


def test_health_answers_503_when_the_database_does_not():
    class Unreachable(TestConfig):
        SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1"

    app = create_app(Unreachable)
    for url in ("/healthz", "/healthz?live=1"):
        response = app.test_client().get(url)
        assert response.status_code == 503
        assert response.get_json()["status"] == "unavailable"
