/** The file name ending of a backup. */
export const BACKUP_SUFFIX = '.closbackup';
/** A backup id: its creation time and six random hex digits. */
export const BACKUP_ID = /^\d{8}T\d{6}Z-[0-9a-f]{6}$/;
