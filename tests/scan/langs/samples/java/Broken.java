public class Broken {
    void run() {
        service.login(input
    }
}
// a broken copy of the Copernica client
