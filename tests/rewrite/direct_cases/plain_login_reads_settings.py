import configparser

import zeep

import settings

config = configparser.ConfigParser()
config.read("copernica.ini")
section = config["copernica"]


def connect(args):
    service = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL").service
    service.login(settings.COPERNICA_USER, section.get("account"), args.password)
    print(section["account"])
    return service
