import * as soap from 'soap';

// Migrated: no login, no cookie; the access token travels in every call.
export class CopernicaClient {
  constructor(private readonly accessToken: string, private readonly wsdl = 'https://soap.copernica.com/?SOAPAPI=WSDL') {}

  async databases(): Promise<unknown> {
    const client = await soap.createClientAsync(this.wsdl);
    const [res] = await client.Account_databasesAsync({ parameters: { access_token: this.accessToken } });
    return res.result;
  }
}
