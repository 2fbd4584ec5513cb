"""Morning report: weather service plus Copernica subscriber count."""
import os

import zeep

WEATHER_WSDL = "https://example.org/weather?wsdl"
COPERNICA_WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"


def weather_today(city):
    weather = zeep.Client(WEATHER_WSDL)
    # the weather API has its own login; it has nothing to do with Copernica
    weather.service.login({"username": os.environ["WEATHER_USER"], "account": "acme", "password": os.environ["WEATHER_PW"]})
    return weather.service.Forecast({"city": city})


def subscribers():
    copernica = zeep.Client(COPERNICA_WSDL)
    copernica.service.login({"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]})
    return copernica.service.Database_searchProfiles({"id": 1, "requirements": {"requirement": []}})


def report():
    return weather_today("Amsterdam"), subscribers()
