public class Broken {
    void run() {
        service.login(input
    }
}
