final class Version {
    static final String NAME = "first";

    private Version() {
    }
}
