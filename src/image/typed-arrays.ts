/** A copy of `array` with room for `capacity` elements (typed arrays cannot grow in place). */
export function grown<T extends Int32Array | Uint32Array | Uint8Array | Uint16Array | Float64Array>(
  array: T,
  capacity: number,
  fill?: number,
): T {
  const bigger = new (array.constructor as new (length: number) => T)(capacity);
  bigger.set(array);
  if (fill !== undefined) bigger.fill(fill, array.length);
  return bigger;
}
