#include "cli/main_command.h"

int main(int argc, char** argv) { return shopdesk::cli::Main(argc, argv); }
