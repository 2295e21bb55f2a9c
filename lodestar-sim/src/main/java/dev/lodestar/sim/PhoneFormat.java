package dev.lodestar.sim;

/**
 * How a mainland mobile number is written in the CRM export. {@link #example()} shows 13800138000
 * in that format.
 */
public enum PhoneFormat {
    PLAIN("13800138000"),
    SPACED_3_4_4("138 0013 8000"),
    DASHED_3_4_4("138-0013-8000"),
    PLUS86_DASHED("+86-138-0013-8000"),
    PLUS86("+8613800138000"),
    ZERO_ZERO_86("0086 13800138000"),
    PAREN_PLUS86("(+86)13800138000"),
    FULL_WIDTH("１３８００１３８０００"),
    STRAY_SPACES(" 1380013 8000  ");

    private final String example;

    PhoneFormat(String example) {
        this.example = example;
    }

    public String example() {
        return example;
    }

    /** Writes an 11-digit number in this format. */
    public String format(String digits) {
        return switch (this) {
            case PLAIN -> digits;
            case SPACED_3_4_4 -> digits.substring(0, 3) + " " + digits.substring(3, 7) + " " + digits.substring(7);
            case DASHED_3_4_4 -> digits.substring(0, 3) + "-" + digits.substring(3, 7) + "-" + digits.substring(7);
            case PLUS86_DASHED ->
                "+86-" + digits.substring(0, 3) + "-" + digits.substring(3, 7) + "-" + digits.substring(7);
            case PLUS86 -> "+86" + digits;
            case ZERO_ZERO_86 -> "0086 " + digits;
            case PAREN_PLUS86 -> "(+86)" + digits;
            case FULL_WIDTH -> {
                StringBuilder sb = new StringBuilder(digits.length());
                for (int i = 0; i < digits.length(); i++) {
                    sb.append((char) ('０' + (digits.charAt(i) - '0')));
                }
                yield sb.toString();
            }
            case STRAY_SPACES -> " " + digits.substring(0, 7) + " " + digits.substring(7) + "  ";
        };
    }
}
