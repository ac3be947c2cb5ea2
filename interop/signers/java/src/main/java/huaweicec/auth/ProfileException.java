package huaweicec.auth;

/** A signing profile that is not one of the allowed forms; the message lists them. */
public final class ProfileException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  ProfileException(String message) {
    super(message);
  }
}
