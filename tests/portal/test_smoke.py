def test_it_shows_the_sign_in_page(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b"Sign in" in response.content
    assert b"sign up" not in response.content.lower()


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_shows_a_councillor_their_dashboard(client, councillor):
    client.force_login(councillor)
    response = client.get("/")
    assert response.status_code == 200
    assert b"Cllr Morgan Hale" in response.content
    assert b"Riverside" in response.content
