'use strict';
// Node `soap` client of the Copernica SOAP API, login session model.
const soap = require('soap');

const WSDL = 'https://soap.copernica.com/?SOAPAPI=WSDL';
const creds = { username: process.env.COPERNICA_USER, account: 'Account', password: process.env.COPERNICA_PASSWORD };

function connect(callback) {
  soap.createClient(WSDL, (err, client) => {
    if (err) return callback(err);
    client.login({ parameters: creds }, (loginErr, data, raw, headers) => { // expect: COP101
      if (loginErr) return callback(loginErr);
      const session = (headers['set-cookie'] || []).filter((c) => /^soap_/.test(c)); // expect: COP103
      client.addHttpHeader('Cookie', session.map((c) => c.split(';')[0]).join('; ')); // expect: COP103
      callback(null, client);
    });
  });
}

function call(client, op, args, callback) {
  client[op]({ parameters: args }, (err, res) => {
    if (err && String(err.message).includes('Not logged on')) { // expect: COP104
      return connect((again) => call(again, op, args, callback));
    }
    callback(err, res && res.result);
  });
}

module.exports = { connect, call };
