"""Daily mail: weather forecast plus how many subscribers live in the city."""
import argparse
import os

import zeep

WEATHER = zeep.Client("https://example.org/weather?wsdl")
COPERNICA = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
WEATHER_LOGIN = {"username": "acme-weather", "account": "acme", "password": os.environ["WEATHER_PW"]}
CP_LOGIN = {"username": os.environ["CP_USER"], "account": "Newsletter", "password": os.environ["CP_PW"]}


def celsius(fahrenheit):
    return round((fahrenheit - 32) * 5 / 9, 1)


def forecast(city):
    WEATHER.service.login(WEATHER_LOGIN)
    answer = WEATHER.service.Forecast({"city": city})
    return celsius(answer.temperature)


def subscribers_in(city):
    COPERNICA.service.login(CP_LOGIN)
    page = COPERNICA.service.Database_searchProfiles(
        {"id": 7, "requirements": {"requirement": [{"fieldname": "city", "value": city, "operator": "="}]}}
    )
    return page.total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("city", nargs="?", default="Amsterdam")
    args = parser.parse_args()
    print(f"{args.city}: {forecast(args.city)} C, {subscribers_in(args.city)} subscribers")


if __name__ == "__main__":
    main()
