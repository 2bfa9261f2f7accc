from bs4 import BeautifulSoup


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def texts(soup, selector):
    return [element.get_text(" ", strip=True) for element in soup.select(selector)]
