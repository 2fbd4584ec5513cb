const soap = require('soap');

// node-soap's CookieSecurity keeps the login session cookie on the client.
exports.connect = async function connect(username, password, account) {
  const client = await soap.createClientAsync('https://soap.copernica.com/?SOAPAPI=WSDL');
  const [, , headers] = await client.loginAsync({ parameters: { username, password, account } }); // expect: COP101
  client.setSecurity(new soap.CookieSecurity(headers)); // expect: COP103
  return client;
};
