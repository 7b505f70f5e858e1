export { distanceMiles, EARTH_RADIUS_MILES, type GeoPoint } from './distance';
export { lookupZip, normalizeZip, parseZipCsv, zipDirectory, type ZipPlace } from './zip-directory';
