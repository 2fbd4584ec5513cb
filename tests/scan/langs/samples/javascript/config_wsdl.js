const soap = require('soap');
const { copernicaWsdl } = require('./config');

// The WSDL address and the credentials live elsewhere; the SOAP client and the name say enough.
module.exports = function connect(credentials, done) {
  soap.createClient(copernicaWsdl, (err, client) => {
    if (err) return done(err);
    client.login({ parameters: credentials }, (loginErr) => done(loginErr, client)); // expect: COP101
  });
};
