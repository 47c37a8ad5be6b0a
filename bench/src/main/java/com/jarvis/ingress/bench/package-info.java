/** JMH benchmarks of the media plane, one sub-package per protocol package of {@code media}. */
package com.jarvis.ingress.bench;
