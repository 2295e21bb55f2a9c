package dev.lodestar.sim;

/**
 * The kind of business simulated. Only the online shop exists today; the event vocabulary and the
 * catalogue live in one internal class per preset so that an online-education business (courses,
 * lessons, trials) and a B2B SaaS business (accounts as groups, seats, trials) can be added
 * without changing the person model or the writers.
 */
public enum BusinessPreset {
    /** A Chinese online shop selling eight consumer categories (母婴, 美妆, 数码, 服饰, ...). */
    SHOP
}
