const soap = require('soap');

// Migrated: access token in every call's parameters.
async function databases() {
  const client = await soap.createClientAsync('https://soap.copernica.com/?SOAPAPI=WSDL');
  const [result] = await client.Account_databasesAsync({
    parameters: { allproperties: true, access_token: process.env.COPERNICA_ACCESS_TOKEN },
  });
  return result;
}

module.exports = { databases };
