export class Broken {
  constructor(private username: string {
  }
}
