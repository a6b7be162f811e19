// Moved to shared/render/site-paths.ts so the site server lays out its pages the same way.
export { absoluteUrl, fileForPath, relativeHref, relativeHrefBySegments, rootRelativeUrl } from '../../shared/render/site-paths';
