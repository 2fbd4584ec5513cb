export class Broken {
  constructor(private username: string { // expect: COP190
  }
}
// a broken copy of the Copernica client
