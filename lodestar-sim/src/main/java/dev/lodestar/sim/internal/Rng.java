package dev.lodestar.sim.internal;

import java.util.SplittableRandom;

/**
 * Random sampling for the simulator. Every person gets its own stream seeded from (seed, person
 * index), so the output does not depend on thread scheduling. All samplers are implemented here
 * (rather than taken from the JDK's {@code nextGaussian}, whose algorithm changed in Java 17) so
 * that the same seed gives the same bytes on every JDK.
 */
public final class Rng {
    private final SplittableRandom random;

    public Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The stream of one person (or other indexed entity) of a simulation. */
    public static Rng forIndex(long seed, long stream, long index) {
        return new Rng(mix64(mix64(seed ^ 0x9E3779B97F4A7C15L * (stream + 1)) + index));
    }

    /** Stafford's variant 13 of the MurmurHash3 finalizer: a bijection on 64-bit values. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public double uniform() {
        return random.nextDouble();
    }

    public double uniform(double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public int nextInt(int origin, int bound) {
        return random.nextInt(origin, bound);
    }

    public long nextLong() {
        return random.nextLong();
    }

    public boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    /** Standard normal by the Marsaglia polar method. */
    public double normal() {
        double u;
        double v;
        double s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    /** Exponential with the given rate (mean 1/rate). */
    public double exponential(double rate) {
        return -Math.log(1 - random.nextDouble()) / rate;
    }

    /**
     * Gamma(shape, rate) by Marsaglia and Tsang (2000), "A simple method for generating gamma
     * variables", with the boost {@code Gamma(a) = Gamma(a+1) * U^(1/a)} for shape below 1.
     */
    public double gamma(double shape, double rate) {
        if (shape < 1) {
            double u = random.nextDouble();
            return gamma(shape + 1, rate) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = normal();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v / rate;
            }
        }
    }

    /** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
    public double beta(double a, double b) {
        double x = gamma(a, 1);
        double y = gamma(b, 1);
        return x / (x + y);
    }

    /** Poisson by inversion (Knuth) for small means, normal approximation above 60. */
    public int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 60) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }

    /** Geometric number of failures before the first success, success probability p. */
    public int geometric(double p) {
        if (p >= 1) {
            return 0;
        }
        return (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - p));
    }

    /** Index drawn with the given cumulative weights (last entry is the total). */
    public int pick(double[] cumulative) {
        double x = random.nextDouble() * cumulative[cumulative.length - 1];
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] > x) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    public <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    /** Dirichlet sample from concentration parameters. */
    public double[] dirichlet(double[] alpha) {
        double[] x = new double[alpha.length];
        double sum = 0;
        for (int i = 0; i < alpha.length; i++) {
            x[i] = gamma(alpha[i], 1);
            sum += x[i];
        }
        for (int i = 0; i < x.length; i++) {
            x[i] /= sum;
        }
        return x;
    }

    public static double[] cumulative(double... weights) {
        double[] c = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            c[i] = sum;
        }
        return c;
    }

    /** Random lower-case hex and letters for ids. */
    public void appendChars(StringBuilder sb, String alphabet, int count) {
        for (int i = 0; i < count; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
    }
}
