public class Broken {
    void Run() {
        soap.login(new input_login { username = "u" ;
    }
}
