import * as soap from 'soap';

// A typed wrapper around the login session model.
export class CopernicaSession {
  private client?: soap.Client;

  constructor( // expect: COP102
    private readonly username: string,
    private readonly password: string,
    private readonly account: string,
    private readonly wsdl = 'https://soap.copernica.com/?SOAPAPI=WSDL',
  ) {}

  async open(): Promise<soap.Client> {
    this.client = await soap.createClientAsync(this.wsdl);
    await this.client.loginAsync({ // expect: COP101
      parameters: { username: this.username, account: this.account, password: this.password },
    });
    return this.client;
  }

  async call<T>(op: string, args: object): Promise<T> {
    const client = this.client ?? (await this.open());
    try {
      const [res] = await client[`${op}Async`]({ parameters: args });
      return res.result as T;
    } catch (e: unknown) {
      if (e instanceof Error && e.message === 'Not logged on') { // expect: COP104
        await this.open();
        return this.call<T>(op, args);
      }
      throw e;
    }
  }
}

export const session = new CopernicaSession('user@example.com', 'secret', 'Account'); // expect: COP102
