const soap = require('soap');
soap.createClient('https://soap.copernica.com/?SOAPAPI=WSDL', (err, client) => {
  client.login({ parameters: creds }, cb; // expect: COP190
});
