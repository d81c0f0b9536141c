/** Which home this page is: the cloud serves the portal under /admin/, the hub at /. */
export function isCloudHome(pathname: string): boolean {
  return pathname === '/admin' || pathname.startsWith('/admin/');
}
