"""Generic retry helper plus Copernica-specific re-login."""
import functools
import logging
import os
import time

import zeep
from zeep.exceptions import Fault

log = logging.getLogger(__name__)
WSDL = "https://soap.copernica.com/?SOAPAPI=WSDL"
LOGIN = {"username": os.environ["CP_USER"], "account": "Shop", "password": os.environ["CP_PW"]}
client = zeep.Client(WSDL)


def retry(times=3, delay=1.0):
    """Retry on connection errors; unrelated to Copernica sessions."""
    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for attempt in range(times - 1):
                try:
                    return func(*args, **kwargs)
                except ConnectionError:
                    log.warning("attempt %d failed", attempt + 1)
                    time.sleep(delay)
            return func(*args, **kwargs)
        return wrapper
    return decorate


def with_session(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Fault as fault:
            if "Not logged on" in str(fault):
                client.service.login(LOGIN)
                return func(*args, **kwargs)
            raise
    return wrapper


@retry()
@with_session
def databases():
    return client.service.Account_databases({})
