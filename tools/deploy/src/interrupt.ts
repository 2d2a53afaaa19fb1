// The stop request of the first Ctrl-C is the one every ListBackup tool uses.
export { Interrupt } from '@listbackup/cli';
