import soap from 'soap';

// Promise style, extra headers passed per call.
export async function databases() {
  const client = await soap.createClientAsync('https://soap.copernica.com/?SOAPAPI=WSDL');
  const [, , , headers] = await client.loginAsync({ // expect: COP101
    parameters: { username: 'user@example.com', account: 'Account', password: 'secret' },
  });
  const cookie = headers['set-cookie'].find((c) => c.startsWith('soap_')); // expect: COP103
  const [result] = await client.Account_databasesAsync({ parameters: {} }, {}, { Cookie: cookie }); // expect: COP103
  return result;
}
