const express = require('express');
const passport = require('passport');
const soap = require('soap');

// Express app with passport logins and a migrated Copernica SOAP client: nothing to flag.
const app = express();
const WSDL = 'https://soap.copernica.com/?SOAPAPI=WSDL';

app.post('/signup', async (req, res, next) => {
  const client = await soap.createClientAsync(WSDL);
  await client.Database_createProfileAsync({
    parameters: { id: 12, fields: { email: req.body.email }, access_token: process.env.COPERNICA_ACCESS_TOKEN },
  });
  res.cookie('soap_banner_seen', '1');
  res.setHeader('Set-Cookie', 'signup=1; Path=/');
  req.login(req.body.user, (err) => (err ? next(err) : res.redirect('/')));
});

app.post('/login', passport.authenticate('local'), (req, res) => req.logIn(req.user, () => res.end()));
