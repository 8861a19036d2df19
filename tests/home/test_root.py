"""The root: a newcomer's first page after `make run`; in production a redirect to the dashboard."""
import re

from app import create_app
from app.scheduler import build_scheduler
from config import DemoConfig, ProductionConfig, TestConfig
from tests.production import StrongSecrets


def test_the_root_is_a_chinese_page_linking_the_simulator_the_dashboard_and_the_api_docs(client):
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert '<html lang="zh-CN">' in page and "微信模拟器" in page and "督办看板" in page and "接口文档" in page
    links = dict(re.findall(r'id="home-(\w+)" href="([^"]+)"', page))
    assert links == {"simulator": "/simulator", "dashboard": "/dashboard/", "h5": "/h5/",
                     "api": "/api/v1/openapi.json", "health": "/healthz"}


def test_every_link_on_the_root_page_answers(client, ctx):
    for job in build_scheduler(ctx).get_jobs():  # as `make run`'s in-process scheduler has: /healthz is 200
        job.func()
    page = client.get("/").get_data(as_text=True)
    for url in re.findall(r'id="home-\w+" href="([^"]+)"', page):
        response = client.get(url)
        assert response.status_code == 200 or response.location.startswith("/dashboard/login"), url
        response.close()
    with client.get("/dashboard/static/dashboard.css") as style:
        assert style.status_code == 200  # the page's style, served by the app


def test_make_runs_demo_config_shows_the_page_too(tmp_path):
    class Demo(DemoConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'd.sqlite'}"

    response = create_app(Demo).test_client().get("/")
    assert response.status_code == 200 and "微信模拟器" in response.get_data(as_text=True)


def test_in_production_the_root_redirects_to_the_dashboard(tmp_path):
    class Production(StrongSecrets, ProductionConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'p.sqlite'}"
        WECHAT_API_BASE_URL = TestConfig.WECHAT_API_BASE_URL

    response = create_app(Production).test_client().get("/")
    assert response.status_code == 302 and response.location == "/dashboard/"
