/**
 * Lodestar's service-provider interface: the event model, analysis specs and results, and the
 * interfaces an engine implements. Records and interfaces only, no dependencies beyond the JDK.
 */
package dev.lodestar.spi;
