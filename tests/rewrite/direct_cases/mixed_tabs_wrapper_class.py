"""Wrapper class written with tab indentation."""
import os

import zeep


class ShopConnection:
	"""Holds the credentials and a logged-in zeep service."""

	def __init__(self, user, pw, account="Shop"):
		self.client = zeep.Client("https://soap.copernica.com/?SOAPAPI=WSDL")
		# session login, the cookie is kept by zeep
		self.client.service.login({"username": user, "account": account, "password": pw})

	def database(self, name):
		return self.client.service.Account_database({"identifier": name})

	def fields(self, database_id):
		result = self.client.service.Database_fields({"id": database_id})
		if result.items is None:
			return []
		return [f.name for f in result.items.field]


def main():
	conn = ShopConnection(os.environ["CP_USER"], os.environ["CP_PW"])
	shop = conn.database("Shop").database
	print(conn.fields(shop.id))


if __name__ == "__main__":
	main()
