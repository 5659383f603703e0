/** Exits without serving: the runtime must report a failed start, not hang. */
public class Entry {
    public static void main(String[] args) {
        System.err.println("no-serve: leaving without a server");
    }
}
