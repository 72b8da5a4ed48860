// The page of an official document (GB/T 9704): A4, margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right
// — the 版心 of 156 × 225 mm that holds 22 lines of 28 characters. 通报 and 督办单 both use it.

const MM = 56.7; // twips per millimetre

export const OFFICIAL_PAGE = {
  size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
  margin: {
    top: Math.round(37 * MM),
    bottom: Math.round(35 * MM),
    left: Math.round(28 * MM),
    right: Math.round(26 * MM),
  },
};
